import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { browserChallengeOf } from './challenge-page.ts';
import { sharedData, sharedDataSkip } from '../../test/support/outside-material.ts';

// The shape of the classic Chinese CDN guard (加速乐 and its copies): no text, one script.
const cookieRedirect =
  '<html><body><script>document.cookie="__jsl_clearance_s=1733450000.123|0|abc%3D;max-age=3600;path=/";location.href=location.pathname+location.search</script></body></html>';
const cloudflare =
  '<!DOCTYPE html><html lang="en-US"><head><title>Just a moment...</title><meta http-equiv="refresh" content="390"></head><body><div class="main-wrapper"><h1>www.example.com</h1><h2>Checking if the site connection is secure</h2><noscript>Enable JavaScript and cookies to continue</noscript></div><script>(function(){window._cf_chl_opt={cvId:"3",cType:"managed"};var a=document.createElement("script");a.src="/cdn-cgi/challenge-platform/h/b/orchestrate/chl_page/v1";document.getElementsByTagName("head")[0].appendChild(a);}());</script></body></html>';
const chineseCheck =
  '<html><head><meta charset="utf-8"><title>安全检查</title></head><body><p>正在检测浏览器环境，请稍候……</p><script>setTimeout(function(){document.cookie="waf_token=9f2;path=/";window.location.reload()},1500)</script></body></html>';

describe('browser challenge pages', () => {
  test('a cookie-setting redirect, a Cloudflare wait page and a Chinese browser check are named', () => {
    assert.equal(browserChallengeOf(cookieRedirect), 'a script that sets a cookie and redirects');
    assert.match(browserChallengeOf(cloudflare) ?? '', /just a moment/i);
    assert.match(browserChallengeOf(chineseCheck) ?? '', /正在检测浏览器/);
  });

  test('ordinary short pages are not challenges: a 404, a JSON answer, a cookie without a redirect', () => {
    assert.equal(browserChallengeOf('<html><body><h1>404 Not Found</h1></body></html>'), undefined);
    assert.equal(
      browserChallengeOf('{"code":0,"data":"location.href=1;document.cookie=2"}'),
      undefined,
    );
    assert.equal(
      browserChallengeOf('<html><body>书架<script>document.cookie="read=1"</script></body></html>'),
      undefined,
    );
  });

  test(
    'real biquge pages, whose scripts also set cookies and move, are not challenges',
    { skip: sharedDataSkip('real-pages') },
    () => {
      for (const file of [
        'real-pages/biquge.info_74_74132_index.html',
        'real-pages/biquge.info_74_74132_14482860.html',
        'real-pages/shuquge_30668_index.html',
        'real-pages/zhaishuyuan_book_36788.html',
      ]) {
        assert.equal(browserChallengeOf(readFileSync(sharedData(file), 'utf8')), undefined, file);
      }
    },
  );
});
