// Telegram's side through the official SDK (@telegram-apps/sdk): the launch parameters, the theme
// (bound to CSS variables), the main and back buttons, and haptic feedback. Outside Telegram (no
// launch parameters) nothing is mounted and the page says where to open it.
import {
  backButton,
  bindThemeParamsCssVars,
  expandViewport,
  hapticFeedback,
  init,
  initDataUser,
  isTMA,
  mainButton,
  miniAppReady,
  mountBackButton,
  mountMainButton,
  mountMiniAppSync,
  mountThemeParamsSync,
  openQrScanner,
  restoreInitData,
  retrieveRawInitData,
} from '@telegram-apps/sdk';

export interface Telegram {
  /** The signed launch data for POST /auth/miniapp; null outside Telegram. */
  initData: string | null;
  languageCode: string | null;
  setMainButton(text: string | null, onClick?: () => void): void;
  setBackButton(onClick: (() => void) | null): void;
  haptic(kind: 'success' | 'error' | 'tap'): void;
  /** Telegram's QR scanner, where the client has one: the scanned text, or null when closed. */
  scan: ((prompt: string) => Promise<string | null>) | null;
}

/** The SDK refuses features an older client lacks; none of them is essential here. */
function optional(step: () => void): void {
  try {
    step();
  } catch {
    // Unsupported in this client version: the page works without it.
  }
}

export function startTelegram(): Telegram {
  if (!isTMA()) {
    return {
      initData: null,
      languageCode: navigator.language,
      setMainButton: () => undefined,
      setBackButton: () => undefined,
      haptic: () => undefined,
      scan: null,
    };
  }
  init();
  restoreInitData();
  optional(() => mountMiniAppSync());
  optional(() => mountThemeParamsSync());
  optional(() => bindThemeParamsCssVars());
  optional(() => mountMainButton());
  optional(() => mountBackButton());
  optional(() => expandViewport());
  optional(() => miniAppReady());

  let mainClick: (() => void) | null = null;
  let backClick: (() => void) | null = null;
  optional(() => mainButton.onClick(() => mainClick?.()));
  optional(() => backButton.onClick(() => backClick?.()));

  return {
    initData: retrieveRawInitData() ?? null,
    languageCode: initDataUser()?.language_code ?? null,
    setMainButton(text, onClick) {
      mainClick = onClick ?? null;
      optional(() => mainButton.setParams(text ? { text, isVisible: true, isEnabled: true } : { isVisible: false }));
    },
    setBackButton(onClick) {
      backClick = onClick;
      optional(() => (onClick ? backButton.show() : backButton.hide()));
    },
    haptic(kind) {
      optional(() => {
        if (kind === 'tap') hapticFeedback.impactOccurred('light');
        else hapticFeedback.notificationOccurred(kind);
      });
    },
    scan: openQrScanner.isAvailable() ? async (prompt) => (await openQrScanner({ text: prompt })) ?? null : null,
  };
}
