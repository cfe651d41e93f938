window.YTD.direct_messages.part0 = [
  {
    "dmConversation" : {
      "conversationId" : "1000-2001",
      "messages" : [
        { "messageCreate" : { "recipientId" : "2001", "senderId" : "1000", "id" : "5003", "text" : "see you", "createdAt" : "2021-02-01T12:00:00.000Z" } },
        { "messageCreate" : { "recipientId" : "1000", "senderId" : "2001", "id" : "5002", "text" : "lunch?", "createdAt" : "2021-02-01T11:00:00.000Z" } }
      ]
    }
  },
  {
    "dmConversation" : {
      "conversationId" : "1000-2001",
      "messages" : [
        { "messageCreate" : { "recipientId" : "1000", "senderId" : "2001", "id" : "5001", "text" : "hi there friend", "createdAt" : "2021-01-31T09:00:00.000Z" } }
      ]
    }
  },
  {
    "dmConversation" : {
      "conversationId" : "1000-3001",
      "messages" : [
        { "welcomeMessageCreate" : { "recipientId" : "1000", "senderId" : "3001", "id" : "5010", "text" : "Welcome to our shop!", "createdAt" : "2021-03-01T09:00:00.000Z" } }
      ]
    }
  }
]
