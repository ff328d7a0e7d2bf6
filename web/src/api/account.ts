/** Signing in and out, the e-reader links, and the administrator's instance settings. */
import { request, url } from './client.ts';
import type {
  Account,
  InstanceSettings,
  Invitation,
  NewSyncKey,
  OpdsLink,
  PublicReading,
  Registration,
  RegistrationInfo,
  ReplaceRule,
  ReplaceRuleBody,
  Session,
  SyncKeyStatus,
  User,
} from './types.ts';

export const session = () => request<Session>('GET', '/session');

export const registrationInfo = () => request<RegistrationInfo>('GET', '/auth/registration');

export const logIn = (name: string, password: string) =>
  request<User>('POST', '/auth/login', { name, password });

export const register = (account: { name: string; password: string; invite?: string }) =>
  request<User>('POST', '/auth/register', account);

export const logOut = () => request<unknown>('POST', '/auth/logout', {});

export const syncKey = () => request<SyncKeyStatus>('GET', '/me/kosync');
export const createSyncKey = () => request<NewSyncKey>('POST', '/me/kosync', {});
export const revokeSyncKey = () => request<unknown>('DELETE', '/me/kosync');
export const opdsLink = () => request<OpdsLink>('GET', '/me/opds-token');

export const instanceSettings = () => request<InstanceSettings>('GET', '/admin/settings');
export const setRegistration = (registration: Registration) =>
  request<InstanceSettings>('PATCH', '/admin/settings', { registration });
export const accounts = () => request<Account[]>('GET', '/admin/users');
export const invite = () => request<Invitation>('POST', '/admin/invitations', {});

export const publicReading = () => request<PublicReading>('GET', '/admin/public-reading');
export const setPublicReading = (setting: PublicReading) =>
  request<PublicReading>('PUT', '/admin/public-reading', setting);

export const replaceRules = () => request<ReplaceRule[]>('GET', '/replace-rules');
export const addReplaceRule = (
  rule: Pick<ReplaceRuleBody, 'name' | 'pattern' | 'replacement' | 'isRegex'>,
) => request<ReplaceRule>('POST', '/replace-rules', rule);
export const removeReplaceRule = (id: number) =>
  request<unknown>('DELETE', url`/replace-rules/${id}`);
/** Legado's replace-rule JSON. */
export const importReplaceRules = (text: string) =>
  request<{ imported: number }>('POST', '/replace-rules/import', { text });
