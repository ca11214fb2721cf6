/** Subresources that create something: placeholder, filled by the auth module (TokenRequest). */
import type { ApiCore, RequestContext } from './core.ts';
import type { KObject } from './types.ts';

export const subresourceCreators: Record<string, (ctx: RequestContext, parent: KObject, body: unknown, core: ApiCore) => Promise<KObject>> = {};
