import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findLoginForm, formBody, loginPageUrl } from './login-page.ts';
import type { BookSource } from './types.ts';

const source = (loginUrl: string): BookSource =>
  ({ bookSourceUrl: 'https://m.example.com/', bookSourceName: 's', loginUrl }) as BookSource;

test('loginPageUrl: an absolute page, a path on the site, options cut; scripts are not pages', () => {
  assert.equal(loginPageUrl(source('https://a.example/login')), 'https://a.example/login');
  assert.equal(loginPageUrl(source('/user/login.html')), 'https://m.example.com/user/login.html');
  assert.equal(
    loginPageUrl(source('https://a.example/login,{"webView":true}')),
    'https://a.example/login',
  );
  assert.equal(loginPageUrl(source('@js:login()')), undefined);
  assert.equal(loginPageUrl(source('""')), undefined);
});

test('findLoginForm: the form with a password, hidden and checked inputs kept, action resolved', () => {
  const html = `<form action="/search"><input name="q"></form>
<form method="POST" action="../do?x=1"><input type="hidden" name="t" value="tok">
<input name="user"><input type="email" name="mail"><input type="password" name="pw">
<input type="checkbox" name="keep" checked><input type="checkbox" name="no">
<input type="submit" name="go" value="Go"></form>`;
  assert.deepEqual(findLoginForm(html, 'https://a.example/u/login'), {
    action: 'https://a.example/do?x=1',
    method: 'POST',
    fields: [
      { name: 'user', type: 'text' },
      { name: 'mail', type: 'text' },
      { name: 'pw', type: 'password' },
    ],
    kept: { t: 'tok', keep: 'on' },
  });
  assert.equal(findLoginForm('<form><input name="q"></form>', 'https://a.example/'), undefined);
  assert.equal(
    findLoginForm('<form><input type="password" name="p"></form>', 'https://a.example/l')?.action,
    'https://a.example/l',
  );
});

test("formBody: a form's values in the page's charset, as a browser sends them", () => {
  assert.equal(
    formBody({ csrf: 'a+b/c', username: '读者 一', password: 'p w' }, 'utf-8'),
    'csrf=a%2Bb%2Fc&username=%E8%AF%BB%E8%80%85+%E4%B8%80&password=p+w',
  );
  assert.equal(formBody({ username: '读者' }, 'gbk'), 'username=%B6%C1%D5%DF');
});
