/**
 * `userAgent()` and `userAgentFromString()` of `next/server`
 * (docs/next-behaviour.md §24): the user agent parsed by ua-parser-js 1.x,
 * the parser Next bundles, so `browser`, `engine`, `os`, `device` and `cpu`
 * hold what they hold under Next, plus Next's `isBot` test. The parser is
 * loaded on the first call: most servers never ask.
 */

export interface UserAgent {
  isBot: boolean;
  ua: string;
  browser: { name?: string; version?: string; major?: string };
  device: { model?: string; type?: string; vendor?: string };
  engine: { name?: string; version?: string };
  os: { name?: string; version?: string };
  cpu: { architecture?: string };
}

type ParseUserAgent = (ua?: string) => Omit<UserAgent, 'isBot'>;

let parse: ParseUserAgent | undefined;

/** The crawlers and link previewers Next counts as bots, matched anywhere in the string, any case. */
const BOT =
  /Googlebot|Mediapartners-Google|AdsBot-Google|googleweblight|Storebot-Google|Google-PageRenderer|Google-InspectionTool|GoogleOther|Google-Extended|Bingbot|BingPreview|Slurp|DuckDuckBot|baiduspider|yandex|sogou|LinkedInBot|bitlybot|tumblr|vkShare|quora link preview|facebookexternalhit|facebookcatalog|Twitterbot|applebot|redditbot|Slackbot|Discordbot|WhatsApp|SkypeUriPreview|ia_archiver/i;

export function userAgentFromString(input: string | undefined): UserAgent {
  parse ??= require('ua-parser-js') as ParseUserAgent;
  return { ...parse(input), isBot: input === undefined ? false : BOT.test(input) };
}

/** Reads the `User-Agent` header of a request (an empty header counts as none, as in Next). */
export function userAgent({ headers }: { headers: Headers }): UserAgent {
  return userAgentFromString(headers.get('user-agent') || undefined);
}
