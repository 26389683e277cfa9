import { registerConnector } from '../connection/connectors.js';
import { createStorage } from './connect.js';

// Importing this dialect's entry makes `DrizzleStorageBackend.create` reach it, and only it.
registerConnector('mysql', async () => createStorage);
