import { ApiKeysPanel } from '~/components/api-keys-panel';

export default function SettingsPage() {
  return (
    <div className="stack-lg">
      <h1>Settings</h1>
      <ApiKeysPanel />
    </div>
  );
}
