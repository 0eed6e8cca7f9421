// The GraphQL operations of the public customer-services API document,
// verbatim. Tests replace the example ids and token with real ones.

export const exampleDiscussionId = '13183370';
export const exampleMessageId = '35100000';
export const exampleAttachmentToken =
  'eTErS1ZBazJGZzNFR25TcGQzVkNxVzFCdUZDeE1yOXJDaXpVbUNweGhrMkhLVERsQjhUMXRKMjVDRHhiYUJUeVBsNUxCdHNhejB1TTV2SlR2YVNxM0E9PQ';

export const getMessages = `query GetMessages {
  customer {
    discussions {
      discussions {
        id
        # if the discussion is about a specific order and product
        selection {
          selectedOrder {
            orderNumber
          }
          selectedProducts {
            sku
            productVariant {
              title
            }
          }
        }
        category # category chosen during the submission
        status
        createdAt
        updatedAt
        read
        messages {
          messages {
            id
            type # This is QUERY or RESPONSE
            createdAt
            message
          }
          total
          hasMore
        }
      }
      total
      hasMore
    }
  }
}`;

export const createDiscussion = `mutation CreateDiscussion {
  createDiscussion(
    input: {
      category: WEBSITE_ISSUES
      message: {
        message: "Hi, I cannot log in on site, please help."
        attachmentToken: "eTErS1ZBazJGZzNFR25TcGQzVkNxVzFCdUZDeE1yOXJDaXpVbUNweGhrMkhLVERsQjhUMXRKMjVDRHhiYUJUeVBsNUxCdHNhejB1TTV2SlR2YVNxM0E9PQ"
      }
    }
  )
}`;

export const markDiscussionAsRead = `mutation MarkDiscussionAsRead {
  markDiscussionMessagesAsRead(
    input: {
      discussionId: "13183370" # This discussion currently being read
      upToMessageId: "35100000" # The lastest message being read
    }
  )
}`;

export const replyToDiscussion = `mutation ReplyToDiscussion {
  replyToDiscussion(
    discussionId: "13183370"
    input: {
      message: "Hi, I still cannot log in on site, please help."
      attachmentToken: "eTErS1ZBazJGZzNFR25TcGQzVkNxVzFCdUZDeE1yOXJDaXpVbUNweGhrMkhLVERsQjhUMXRKMjVDRHhiYUJUeVBsNUxCdHNhejB1TTV2SlR2YVNxM0E9PQ"
    }
  )
}`;

export const uploaderConfig = `query Config {
  attachmentUploaderConfig {
    uploadUrl
    authToken
  }
}`;

// Returns `operation` with the example ids replaced.
export function withIds(operation, { discussionId, messageId } = {}) {
  let text = operation;
  if (discussionId) text = text.replaceAll(`"${exampleDiscussionId}"`, `"${discussionId}"`);
  if (messageId) text = text.replaceAll(`"${exampleMessageId}"`, `"${messageId}"`);
  return text;
}

// Returns `operation` without its attachmentToken line, for uploads that
// are not part of the test.
export function withoutAttachment(operation) {
  return operation.replace(/\n\s*attachmentToken: "[^"]*"/, '');
}
