// Every migration, oldest first. A new schema version is a new file `NNN-what.ts` (steps of 10) added here;
// never edit a migration that has shipped.
import type { Migration } from '../migrate';
import { migration as m010 } from './010-initial';
import { migration as m020 } from './020-rankers';
import { migration as m030 } from './030-leases';
import { migration as m040 } from './040-pins';

export const migrations: readonly Migration[] = [m010, m020, m030, m040];
