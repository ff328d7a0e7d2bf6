import { create } from 'xmlbuilder2';
import type { DavEntry } from './dav-files.ts';

const DAV = 'DAV:';

/** One resource of a PROPFIND answer: its URL path (percent-encoded) and what it is. */
export interface DavResource {
  readonly href: string;
  readonly name: string;
  readonly entry: DavEntry;
}

/**
 * A 207 Multi-Status body with the properties Legado's client asks for (displayname,
 * resourcetype, getcontentlength, creationdate, getlastmodified, getcontenttype). The `d:` prefix
 * matters: Legado finds the answers by the tag names `d:response` and `d:href`.
 */
export function multistatus(resources: readonly DavResource[]): string {
  const root = create({ version: '1.0', encoding: 'utf-8' }).ele(DAV, 'd:multistatus');
  for (const { href, name, entry } of resources) {
    const response = root.ele(DAV, 'd:response');
    response.ele(DAV, 'd:href').txt(href);
    const propstat = response.ele(DAV, 'd:propstat');
    const prop = propstat.ele(DAV, 'd:prop');
    prop.ele(DAV, 'd:displayname').txt(name);
    const type = prop.ele(DAV, 'd:resourcetype');
    if (entry.dir) type.ele(DAV, 'd:collection');
    else {
      prop.ele(DAV, 'd:getcontentlength').txt(String(entry.size));
      prop.ele(DAV, 'd:getcontenttype').txt(entry.contentType || 'application/octet-stream');
    }
    const at = new Date(entry.modifiedAt);
    prop.ele(DAV, 'd:creationdate').txt(at.toISOString());
    prop.ele(DAV, 'd:getlastmodified').txt(at.toUTCString());
    propstat.ele(DAV, 'd:status').txt('HTTP/1.1 200 OK');
  }
  return root.end({ prettyPrint: false });
}
