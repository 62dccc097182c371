// URL and URLSearchParams are WHATWG globals in every runtime Waitbell runs in (browsers and
// Node), but they live in the DOM lib, which the core deliberately goes without. Declare just
// the part the core uses.
declare class URLSearchParams {
  get(name: string): string | null;
}
declare class URL {
  constructor(input: string);
  readonly protocol: string;
  readonly origin: string;
  readonly hostname: string;
  readonly pathname: string;
  readonly searchParams: URLSearchParams;
  static canParse(input: string): boolean;
}
