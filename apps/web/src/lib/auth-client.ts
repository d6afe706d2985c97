'use client';

import { organizationClient } from 'better-auth/client/plugins';
import { createAuthClient } from 'better-auth/react';

// Same origin as the page, so no baseURL is needed. The organization client is used only for
// `setActive`/`list` (which organization the session acts in); members and invitations go through
// the tRPC API, which enforces the roles.
export const authClient = createAuthClient({ plugins: [organizationClient()] });
