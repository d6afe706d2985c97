import { DatasetDetail } from '~/components/dataset/dataset-detail';
import { env } from '~/env';

export default async function DatasetPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return <DatasetDetail id={id} maxUploadBytes={env().FORESIGHT_MAX_UPLOAD_BYTES} />;
}
