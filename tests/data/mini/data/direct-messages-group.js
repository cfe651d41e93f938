window.YTD.direct_messages_group.part0 = [
  {
    "dmConversation" : {
      "conversationId" : "424242",
      "messages" : [
        { "messageCreate" : { "senderId" : "2002", "id" : "6002", "text" : "group hello", "createdAt" : "2021-04-01T10:00:00.000Z" } },
        { "joinConversation" : { "initiatingUserId" : "2002", "participantsSnapshot" : [ "1000", "2002", "2003" ], "createdAt" : "2021-04-01T09:00:00.000Z" } }
      ]
    }
  }
]
