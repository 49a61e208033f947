import '@picocss/pico/css/pico.min.css';
import './console.css';
import { createRoot } from 'react-dom/client';
import { Console } from './Console';

createRoot(document.getElementById('root')!).render(<Console />);
