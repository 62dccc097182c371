/** The first of the device's preferred languages that the kiosk speaks, else `fallback`. */
export function deviceLanguage<L extends string>(
  supported: readonly L[],
  fallback: L,
  preferred: readonly string[] = navigator.languages ?? [navigator.language],
): L {
  for (const tag of preferred) {
    const base = tag.toLowerCase().split('-')[0];
    const match = supported.find((l) => l === base);
    if (match) return match;
  }
  return fallback;
}
