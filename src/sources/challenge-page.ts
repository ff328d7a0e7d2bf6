/**
 * Anti-bot interstitials: a short page that only a browser gets past. Either a script that sets a
 * cookie and reloads or redirects (`document.cookie="x=…";location.href=…`, the classic Chinese
 * CDN guard), or a challenge page by name (Cloudflare's "Just a moment…", "正在检测浏览器"). Asked
 * only when the rules found nothing on a page, so a real page that happens to carry such a script
 * among its text is never taken for one.
 */

/** Longest visible text (scripts and markup removed) an interstitial has; real pages have more. */
const shortPage = 600;

// Cloudflare and similar: titles, element ids and script names of challenge pages.
// Samples: "<title>Just a moment...</title>", "cf-browser-verification", "/cdn-cgi/challenge-platform/".
const namedChallenge =
  /just a moment\.\.\.|checking your browser|cf-browser-verification|cf_chl_opt|\/cdn-cgi\/challenge-platform\/|ddos-guard|正在(?:检测|检查|验证)(?:您的)?浏览器|浏览器(?:安全)?(?:检测|检查|验证)中|请稍候[，,]?正在(?:进行)?(?:安全)?(?:检测|验证)/i;

// A script that writes a cookie (sample: `document.cookie="__jsl_clearance=1;path=/"`).
const setsCookie = /document\.cookie\s*=/;
// …and then reloads or leaves (samples: `location.href=url`, `window.location.replace(u)`,
// `location.reload()`, `setTimeout("location='/b/1'",100)`).
const navigates =
  /\blocation(?:\.href)?\s*=|\blocation\.(?:replace|assign|reload)\s*\(|http-equiv=["']?refresh/i;

/** The page's visible text: scripts, styles and tags removed, whitespace squeezed. */
function visibleText(html: string): string {
  return html
    .replace(/<(script|style|noscript)\b[\s\S]*?<\/\1\s*>/gi, ' ')
    .replace(/<[^>]*>/g, ' ')
    .replace(/&nbsp;|\s+/g, ' ')
    .trim();
}

/**
 * What marks `body` as a browser challenge ("sets a cookie and redirects", or the challenge's
 * own words), or undefined for an ordinary page. JSON and long pages are never challenges.
 */
export function browserChallengeOf(body: string): string | undefined {
  const start = body.trimStart();
  if (start.startsWith('{') || start.startsWith('[')) return undefined;
  if (visibleText(body).length > shortPage) return undefined;
  const named = namedChallenge.exec(body);
  if (named) return `"${named[0]}"`;
  if (setsCookie.test(body) && navigates.test(body))
    return 'a script that sets a cookie and redirects';
  return undefined;
}
