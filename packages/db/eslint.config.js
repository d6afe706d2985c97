import base from '@foresight/eslint-config';

// packages/db is where data access lives: db.pool / db.prisma are its own tools.
export default [...base, { rules: { 'no-restricted-syntax': 'off' } }];
