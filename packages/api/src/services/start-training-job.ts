export { enqueueTraining as startTrainingJob } from '@foresight/queue';
