import type { FieldTree } from '../shared/bitrix24/formFields';
import type { Runtime } from '../shared/runtime';
import type { AppResponse } from '../shared/web/page';
import type { SidebarContext } from './views/sidebarLayout';

/** One sidebar action (`POST /api/placement/<action>`): the verified context and what its form sent. */
export type SidebarAction = (runtime: Runtime, context: SidebarContext, fields: FieldTree) => Promise<AppResponse>;
