/**
 * `linhai sources login <source> [--field name=value …] [--user account]`: logs a source in with
 * the fields its loginUi names (app.logInSource: checked, its login script run, the fields kept
 * sealed with the instance key). A source whose loginUrl is a page: its form's fields, or
 * --cookie with the Cookie header copied from a browser logged in on the site. Without --field or
 * --cookie, shows the form and whether the account is logged in. Values on a command line stay in the shell's history: prefer the web app for passwords.
 */
import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import { LinhaiError } from '#model';
import type { CliContext } from './context.ts';
import { importingUserId } from './local-user.ts';
import { withApp } from './with-app.ts';

function collectField(value: string, previous: Record<string, string>): Record<string, string> {
  const eq = value.indexOf('=');
  if (eq <= 0) throw new InvalidArgumentError(`"${value}" is not name=value`);
  return { ...previous, [value.slice(0, eq)]: value.slice(eq + 1) };
}

export function registerSourceLoginCommand(sources: Command, context: CliContext): void {
  sources
    .command('login <source>')
    .description('log a source in with its loginUi fields; without --field, show its login form')
    .option('--field <name=value>', 'a login field (repeat for each)', collectField, {})
    .option('--cookie <header>', "a login page: the Cookie header from your browser's login")
    .option('--user <account>', 'the account the login is kept for (default: the local reader)')
    .action(
      async (
        name: string,
        options: { field: Record<string, string>; cookie?: string; user?: string },
      ) => {
        const lines = await withApp(context, async (app) => {
          const all = await app.catalog.list();
          const source = all.find((s) => s.bookSourceName === name || s.bookSourceUrl === name);
          if (!source)
            throw new LinhaiError('not-found', `no stored source named ${name}`, {
              details: { name },
            });
          const url = source.bookSourceUrl;
          const userId = await importingUserId(app, options.user);
          if (Object.keys(options.field).length > 0 || options.cookie !== undefined)
            await app.logInSource(userId, url, options.field, options.cookie);
          const form = await app.sourceLoginForm(userId, url);
          const fields = form.fields.map((f) => `${f.name} (${f.type})`).join(', ') || 'none';
          return [
            `${url}: ${form.loggedIn ? 'logged in' : 'not logged in'}`,
            `  fields: ${fields}`,
            ...(form.page
              ? ['  its loginUrl is a page: fill its fields, or paste a cookie with --cookie']
              : []),
            ...(form.runnable ? [] : ['  its loginUrl cannot be run: Linhai cannot log in']),
          ];
        });
        for (const line of lines) context.out(line);
      },
    );
}
