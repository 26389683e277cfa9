export { JsonFileStorageBackend, type JsonFileStorageBackendOptions } from './backend.js';
