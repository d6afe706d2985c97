export { mailEnvSchema, readMailEnv, type MailEnv } from './env';
export { formatMessage, sendSmtp, type SmtpMessage } from './smtp';
