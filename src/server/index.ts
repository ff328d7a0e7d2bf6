export { buildServer } from './app.ts';
export type { ServerOptions } from './app.ts';
export { InstanceSettings } from './instance-settings.ts';
