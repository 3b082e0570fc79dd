// egovscan's compiled build (npm run build), started the way the installed binary starts it.
const { main } = await import('../dist/cli/main.js');
process.exitCode = await main(process.argv);
