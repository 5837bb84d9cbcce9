import { libraryConfig } from '../../scripts/lib-tsup-config.mjs';

export default libraryConfig();
