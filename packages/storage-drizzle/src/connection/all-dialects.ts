import { lazyConnector, registerConnector } from './connectors.js';

// The main entry reaches every dialect, each loaded on first use so that only the driver of the URL
// given to `DrizzleStorageBackend.create` must be installed. A bundler follows these imports and needs
// every driver resolvable: bundled apps import their dialect's entry (`@flags/storage-drizzle/pg`).
registerConnector(
  'postgres',
  lazyConnector('postgres', () => import('../pg/connect.js')),
  true,
);
registerConnector(
  'mysql',
  lazyConnector('mysql', () => import('../mysql/connect.js')),
  true,
);
registerConnector(
  'sqlite',
  lazyConnector('sqlite', () => import('../sqlite/connect.js')),
  true,
);
