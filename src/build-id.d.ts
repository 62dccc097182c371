/** Set at build time (vite.config.ts): which build this is. */
declare const __BUILD_ID__: string;
