/** Set at build time (vite.config.ts): which build this is. */
declare const __BUILD_ID__: string;
/** Set at build time (vite.config.ts): the origins the Content-Security-Policy lets the app send to, besides its own. */
declare const __CONNECT_ORIGINS__: string[];
