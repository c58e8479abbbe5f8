/** The CLI from source (when dist/ is not built): the same main() bin/incursion.js calls. */
import { main } from '../src/cli/main.js';

main(process.argv).then((code) => {
  process.exitCode = code;
});
