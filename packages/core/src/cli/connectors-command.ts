import { findInstalledConnectorPackages } from '../runtime/installed-plugins';
import { loadConnectorPlugin } from '../runtime/plugin-loader';
import { SourceRegistry } from '../tick/source-registry';

/** `tickwire connectors`: lists installed plugins with version, source id and capabilities. */
export async function connectorsCommand(): Promise<number> {
  const names = findInstalledConnectorPackages();
  if (names.length === 0) {
    process.stdout.write('No tickwire connectors installed. Try: npm install @tickwire/connector-sim\n');
    return 0;
  }
  let failures = 0;
  for (const name of names) {
    try {
      // A fresh registry per plugin: listing must show every installed plugin, clashing or not.
      const { manifest } = await loadConnectorPlugin(name, new SourceRegistry());
      const capabilities = manifest.capabilities;
      process.stdout.write(
        `${manifest.packageName}@${manifest.version}  source ${manifest.tickSourceId}  ${manifest.specificationVersion}\n` +
          `  ${manifest.displayName}${manifest.description === undefined ? '' : `: ${manifest.description}`}\n` +
          `  assets: ${capabilities.assetClasses.join(', ') || '-'}; data: ${capabilities.dataKinds.join(', ') || '-'}\n` +
          `  orders: ${capabilities.orderTypes.join(', ') || '-'}; tif: ${capabilities.timeInForce.join(', ') || '-'}; ` +
          `modes: ${capabilities.tradingModes.join(', ')}\n`,
      );
    } catch (error) {
      failures++;
      process.stdout.write(`${name}: cannot be used: ${(error as Error).message}\n`);
    }
  }
  return failures === 0 ? 0 : 1;
}
