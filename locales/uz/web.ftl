# The web console (/console) and the Mini App buttons.
console-link =
    🖥 <b>Veb-konsol</b>
    Ushbu bir martalik havola orqali kiring (u bir marta, { $minutes } daqiqa ichida ishlaydi):
    { $url }
console-link-button = 🖥 Konsolni ochish
console-refused = Veb-konsol rolga ega xodimlar uchun. Administratordan ruxsat so‘rang.
miniapp-open-button = 📱 Ilovada ochish
