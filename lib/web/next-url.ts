/**
 * `request.nextUrl` (docs/next-behaviour.md §24): the request URL with Next's
 * extra fields. Without Next's `basePath`, `i18n` or build id, those are `''`
 * and `undefined`, and every URL field is the WHATWG `URL`'s.
 */
export class NextURL {
  #url: URL;
  #basePath = '';
  #locale = '';
  #buildId: string | undefined;

  constructor(input: string | URL | NextURL, base?: string | URL) {
    this.#url = new URL(String(input), base === undefined ? undefined : String(base));
  }

  get href(): string {
    return this.#url.href;
  }
  set href(value: string) {
    this.#url = new URL(value);
  }
  get origin(): string {
    return this.#url.origin;
  }
  get protocol(): string {
    return this.#url.protocol;
  }
  set protocol(value: string) {
    this.#url.protocol = value;
  }
  get username(): string {
    return this.#url.username;
  }
  set username(value: string) {
    this.#url.username = value;
  }
  get password(): string {
    return this.#url.password;
  }
  set password(value: string) {
    this.#url.password = value;
  }
  get host(): string {
    return this.#url.host;
  }
  set host(value: string) {
    this.#url.host = value;
  }
  get hostname(): string {
    return this.#url.hostname;
  }
  set hostname(value: string) {
    this.#url.hostname = value;
  }
  get port(): string {
    return this.#url.port;
  }
  set port(value: string) {
    this.#url.port = value;
  }
  get pathname(): string {
    return this.#url.pathname;
  }
  set pathname(value: string) {
    this.#url.pathname = value;
  }
  get search(): string {
    return this.#url.search;
  }
  set search(value: string) {
    this.#url.search = value;
  }
  get searchParams(): URLSearchParams {
    return this.#url.searchParams;
  }
  get hash(): string {
    return this.#url.hash;
  }
  set hash(value: string) {
    this.#url.hash = value;
  }

  /** Next's `basePath` config; this package has none (a mount path is part of `pathname`). */
  get basePath(): string {
    return this.#basePath;
  }
  set basePath(value: string) {
    this.#basePath = value;
  }
  /** Next's i18n locale: `''` without i18n. */
  get locale(): string {
    return this.#locale;
  }
  set locale(value: string) {
    this.#locale = value;
  }
  get defaultLocale(): string | undefined {
    return undefined;
  }
  get domainLocale(): undefined {
    return undefined;
  }
  get buildId(): string | undefined {
    return this.#buildId;
  }
  set buildId(value: string | undefined) {
    this.#buildId = value;
  }

  toString(): string {
    return this.href;
  }
  toJSON(): string {
    return this.href;
  }
  clone(): NextURL {
    const copy = new NextURL(this.href);
    copy.#basePath = this.#basePath;
    copy.#locale = this.#locale;
    copy.#buildId = this.#buildId;
    return copy;
  }
}
