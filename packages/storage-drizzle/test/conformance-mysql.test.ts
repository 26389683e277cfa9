import * as mysql from '@flags/storage-drizzle/mysql';
import { runServerConformance } from './support/server-conformance.js';
import { MYSQL } from './support/servers.js';

runServerConformance(MYSQL, 'MariaDB', mysql);
