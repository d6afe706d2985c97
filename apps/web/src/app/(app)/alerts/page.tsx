import { AlertsView } from '~/components/alerts/alerts-view';

export default function AlertsPage() {
  return (
    <div className="stack-lg">
      <h1>Alerts</h1>
      <AlertsView />
    </div>
  );
}
