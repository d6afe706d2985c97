import { DatasetsTable } from '~/components/datasets-table';
import { UploadPanel } from '~/components/upload-panel';

export default function DataPage() {
  return (
    <div className="stack-lg">
      <h1>Data</h1>
      <UploadPanel />
      <section className="card stack">
        <h2>Datasets</h2>
        <DatasetsTable />
      </section>
    </div>
  );
}
