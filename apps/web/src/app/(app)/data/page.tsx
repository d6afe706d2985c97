import { DatasetsTable } from '~/components/datasets-table';
import { SampleDataCard } from '~/components/sample-data/sample-data-card';
import { UploadWizard } from '~/components/upload/upload-wizard';
import { env } from '~/env';

export default function DataPage() {
  return (
    <div className="stack-lg">
      <h1>Data</h1>
      <SampleDataCard />
      <section className="card stack" aria-label="Upload data">
        <h2>Upload a CSV</h2>
        <UploadWizard maxBytes={env().FORESIGHT_MAX_UPLOAD_BYTES} />
      </section>
      <section className="card stack">
        <h2>Datasets</h2>
        <DatasetsTable />
      </section>
    </div>
  );
}
