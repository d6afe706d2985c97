import { z } from 'zod';

/** Who is calling: a signed-in member, or a service with an organization API key. */
export const ZActor = z.object({
  kind: z.enum(['user', 'apiKey']),
  /** Null for API keys. */
  userId: z.string().nullable(),
  email: z.string().nullable(),
  name: z.string(),
});

/** The organization the call acts in, the caller's role there, and the caller. */
export const ZCurrentOrg = z.object({
  id: z.string(),
  name: z.string(),
  slug: z.string().nullable(),
  /** owner | admin | member, or "api" for API keys. */
  role: z.string(),
  caller: ZActor,
});

export const ZRenamedOrg = z.object({ id: z.string(), name: z.string() });

/** The four sample uploads; poll `uploads.byId` with each `uploadId`. */
export const ZSampleData = z.object({
  uploads: z.array(
    z.object({
      kind: z.enum(['market', 'events', 'financials', 'customers']),
      uploadId: z.string(),
      name: z.string(),
    }),
  ),
});
