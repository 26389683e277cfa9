import * as pg from '@flags/storage-drizzle/pg';
import { runServerConformance } from './support/server-conformance.js';
import { PG } from './support/servers.js';

runServerConformance(PG, 'PostgreSQL', pg);
