/** The page served at `/` until the web reader app lands (issue 8). */
export function placeholderPage(version: string): string {
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>临海 Linhai</title>
<style>
body { font: 16px/1.7 system-ui, "PingFang SC", "Noto Sans CJK SC", sans-serif; margin: 0; padding: 2rem 1.25rem; max-width: 40rem; margin-inline: auto; color: #222; background: #fbfaf7; }
h1 { font-weight: 600; margin: 0 0 .5rem; }
code { background: #eee; padding: .1em .3em; border-radius: 3px; }
</style>
</head>
<body>
<h1>临海 Linhai</h1>
<p>The server is running (version ${version}). The web reader arrives with its issue; meanwhile use the
<code>linhai</code> command: <code>linhai search</code>, <code>linhai sources</code>, <code>linhai demo</code>.</p>
<p>Health: <a href="/health">/health</a></p>
</body>
</html>
`;
}
