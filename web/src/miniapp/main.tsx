import '@picocss/pico/css/pico.min.css';
import './miniapp.css';
import { createRoot } from 'react-dom/client';
import { MiniApp } from './MiniApp';
import { startTelegram } from './telegram';

const telegram = startTelegram();
createRoot(document.getElementById('root')!).render(<MiniApp telegram={telegram} />);
