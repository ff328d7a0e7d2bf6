/**
 * CJK-friendly reading style: two-character first-line indent, generous line height, no paragraph
 * gaps (Chinese convention); Latin text gets the same calm layout. Fonts are left to the reader's
 * device, with CJK serif families first.
 */
export const epubStyle = `@charset "utf-8";
html { -epub-line-break: strict; line-break: strict; }
body { margin: 0 5%; font-family: "Songti SC", "Noto Serif CJK SC", "Source Han Serif SC", serif; line-height: 1.8; text-align: justify; }
h1 { font-size: 1.3em; line-height: 1.4; margin: 1.5em 0 1.2em; text-align: center; font-weight: bold; }
h2.volume { font-size: 1.5em; margin-top: 30%; text-align: center; }
p { margin: 0; text-indent: 2em; }
:lang(en) p { text-indent: 1.5em; }
.title-page { text-align: center; margin-top: 25%; }
.title-page .author { margin-top: 1em; }
.title-page .intro { margin-top: 3em; text-align: left; }
.title-page .sources { margin-top: 2em; font-size: 0.8em; text-align: left; text-indent: 0; }
img.cover { display: block; max-width: 100%; max-height: 100%; margin: 0 auto; }
.title-page.with-cover { margin-top: 5%; }
.cover-image img.cover { max-height: 60vh; margin-bottom: 1.5em; }
`;
