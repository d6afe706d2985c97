import { DatasetsTable } from '~/components/datasets-table';
import { UploadMarketForm } from '~/components/upload-market-form';

export default function DataPage() {
  return (
    <div className="stack-lg">
      <h1>Data</h1>
      <UploadMarketForm />
      <section className="card stack">
        <h2>Datasets</h2>
        <DatasetsTable />
      </section>
    </div>
  );
}
