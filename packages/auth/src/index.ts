export { createAuth, type Auth, type AuthConfig, type AuthSession } from './auth';
