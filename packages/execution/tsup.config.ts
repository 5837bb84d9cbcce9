import { libraryConfig } from '../../scripts/lib-tsup-config.mjs';

export default libraryConfig({ index: 'src/index.ts', 'testing/index': 'src/testing/index.ts' });
