// Failure types that retrying cannot fix; activities also mark them nonRetryable, this list keeps
// the policy readable in the Temporal UI.
export const NON_RETRYABLE_PROVIDER_FAILURES = [
  'ProviderInvalidRequest',
  'ProviderAuthenticationFailed',
  'ProviderPermissionDenied',
  'ProviderNotFound',
  'ProviderNotConfigured',
  'ProviderCallCancelled',
  'InvalidJobInput',
];
