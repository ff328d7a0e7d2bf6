// The demo layer's public door (see DESIGN.md, Layers): mock novel sites on 127.0.0.1 used by
// tests, benchmarks and `linhai demo`. README.md beside this file describes the sites, their
// book sources, the faults and the control endpoints.
export { catalogue, DemoCatalogue, DEMO_EPOCH } from './catalogue.ts';
export type {
  DemoTemplate,
  DemoBook,
  DemoChapter,
  DemoTocEntry,
  DemoExtraChapter,
} from './catalogue.ts';
export { DemoClock } from './clock.ts';
export { startDemoSites, demoSources, writeDemoSources, availableTemplates } from './cluster.ts';
export type {
  DemoSiteSpec,
  Fault,
  FaultKind,
  RequestRecord,
  DemoSite,
  DemoCluster,
} from './types.ts';
export { boilerplateTruth, servedLines, paginationLine } from './boilerplate.ts';
export type { BoilerplateKind, BoilerplateTruth, ServedLine, SiteIdentity } from './boilerplate.ts';
export { loadSeedChapter, seedChapterPath } from './seed.ts';
export type { SeedChapter } from './seed.ts';
export { chineseNumber } from './text.ts';
export { demoMember, membersFreeChapters, startBrowserDemoSite } from './browser-sites.ts';
export type { BrowserDemoKind, BrowserDemoSite } from './browser-sites.ts';
