import base from '@foresight/eslint-config';

export default [...base, { ignores: ['.next/**', 'next-env.d.ts'] }];
