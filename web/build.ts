// Builds the two pages with Vite: the console (src/app → dist/app, served at /app/) and the Mini App
// (src/miniapp → dist/miniapp, served at /miniapp/). `--watch` rebuilds on every change (npm run
// dev runs it so); without it, one build (npm run build, the test setup and the production image).
import path from 'node:path';
import react from '@vitejs/plugin-react';
import { build, type InlineConfig } from 'vite';

export const PAGES = ['app', 'miniapp'] as const;

const webDir = import.meta.dirname;

export function pageConfig(page: (typeof PAGES)[number], watch: boolean): InlineConfig {
  return {
    configFile: false,
    root: path.join(webDir, 'src', page),
    base: `/${page}/`,
    logLevel: watch ? 'info' : 'warn',
    plugins: [react()],
    // The locales/ message files are read as text (the same Fluent files the bot uses).
    server: { fs: { allow: [path.join(webDir, '..')] } },
    build: {
      outDir: path.join(webDir, 'dist', page),
      emptyOutDir: true,
      sourcemap: true,
      watch: watch ? {} : null,
    },
  };
}

export async function buildWeb(options: { watch?: boolean } = {}): Promise<void> {
  for (const page of PAGES) await build(pageConfig(page, options.watch === true));
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(webDir, 'build.ts')) {
  await buildWeb({ watch: process.argv.includes('--watch') });
}
