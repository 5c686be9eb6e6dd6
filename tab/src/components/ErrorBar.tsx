import { Button, MessageBar, MessageBarActions, MessageBarBody } from "@fluentui/react-components";

export function ErrorBar({ message, onRetry }: { message: string; onRetry?: () => void }) {
  return (
    <MessageBar intent="error" role="alert">
      <MessageBarBody>{message}</MessageBarBody>
      {onRetry && <MessageBarActions><Button onClick={onRetry}>Retry</Button></MessageBarActions>}
    </MessageBar>
  );
}
