export { AuthModule } from './auth.module.js';
export { AuthService } from './auth.service.js';
export { readCookie, SESSION_COOKIE } from './session-token.js';
