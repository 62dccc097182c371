// URL and URLSearchParams are WHATWG globals in every runtime Waitbell runs in (browsers and
// Node), but they live in the DOM lib, which the core deliberately goes without. Declare just
// the part the core uses. The same for AbortSignal, which the sync port passes along.
declare class URLSearchParams {
  get(name: string): string | null;
}
declare class URL {
  constructor(input: string, base?: string);
  readonly href: string;
  readonly protocol: string;
  readonly origin: string;
  readonly hostname: string;
  readonly pathname: string;
  readonly searchParams: URLSearchParams;
  static canParse(input: string): boolean;
}
interface AbortSignal {
  readonly aborted: boolean;
}
