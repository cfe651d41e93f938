window.YTD.account.part0 = [
  {
    "account" : {
      "email" : "owner@example.com",
      "createdVia" : "web",
      "username" : "ownr",
      "accountId" : "1000",
      "createdAt" : "2015-01-02T03:04:05.000Z",
      "accountDisplayName" : "The Owner"
    }
  }
]
