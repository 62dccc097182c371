// Each page is its own chunk, so a phone loads the code of the page it shows; the other loads on demand.
/** The check-in page's module. */
export const checkInPage = () => import('./CheckInPage.tsx');
/** The status page's module: fetched as soon as the guest submits, so it is there when they have joined. */
export const statusPage = () => import('./StatusPage.tsx');
